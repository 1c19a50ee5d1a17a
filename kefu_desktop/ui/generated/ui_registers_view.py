# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'registers_view.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton, QSizePolicy, QSpacerItem, QTableView, QVBoxLayout

class Ui_RegistersView(object):
    def setupUi(self, RegistersView):
        if not RegistersView.objectName():
            RegistersView.setObjectName(u"RegistersView")
        RegistersView.resize(1000, 600)
        self.mainLayout = QHBoxLayout(RegistersView)
        self.mainLayout.setObjectName(u"mainLayout")
        self.registerLayout = QVBoxLayout()
        self.registerLayout.setObjectName(u"registerLayout")
        self.registerLabel = QLabel(RegistersView)
        self.registerLabel.setObjectName(u"registerLabel")

        self.registerLayout.addWidget(self.registerLabel)

        self.registerList = QListWidget(RegistersView)
        self.registerList.setObjectName(u"registerList")
        self.registerList.setMaximumWidth(190)
        self.registerList.setMinimumWidth(150)

        self.registerLayout.addWidget(self.registerList)


        self.mainLayout.addLayout(self.registerLayout)

        self.listLayout = QVBoxLayout()
        self.listLayout.setObjectName(u"listLayout")
        self.filterLayout = QHBoxLayout()
        self.filterLayout.setObjectName(u"filterLayout")
        self.searchEdit = QLineEdit(RegistersView)
        self.searchEdit.setObjectName(u"searchEdit")
        self.searchEdit.setClearButtonEnabled(True)
        self.searchEdit.setMinimumWidth(220)

        self.filterLayout.addWidget(self.searchEdit)

        self.dateCheck = QCheckBox(RegistersView)
        self.dateCheck.setObjectName(u"dateCheck")
        self.dateCheck.setChecked(True)

        self.filterLayout.addWidget(self.dateCheck)

        self.fromDate = QDateEdit(RegistersView)
        self.fromDate.setObjectName(u"fromDate")
        self.fromDate.setCalendarPopup(True)

        self.filterLayout.addWidget(self.fromDate)

        self.toLabel = QLabel(RegistersView)
        self.toLabel.setObjectName(u"toLabel")

        self.filterLayout.addWidget(self.toLabel)

        self.toDate = QDateEdit(RegistersView)
        self.toDate.setObjectName(u"toDate")
        self.toDate.setCalendarPopup(True)

        self.filterLayout.addWidget(self.toDate)

        self.handlerCombo = QComboBox(RegistersView)
        self.handlerCombo.setObjectName(u"handlerCombo")

        self.filterLayout.addWidget(self.handlerCombo)

        self.stateCombo = QComboBox(RegistersView)
        self.stateCombo.setObjectName(u"stateCombo")

        self.filterLayout.addWidget(self.stateCombo)

        self.filterSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.filterLayout.addItem(self.filterSpacer)


        self.listLayout.addLayout(self.filterLayout)

        self.table = QTableView(RegistersView)
        self.table.setObjectName(u"table")
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)

        self.listLayout.addWidget(self.table)

        self.footerLayout = QHBoxLayout()
        self.footerLayout.setObjectName(u"footerLayout")
        self.countLabel = QLabel(RegistersView)
        self.countLabel.setObjectName(u"countLabel")

        self.footerLayout.addWidget(self.countLabel)

        self.footerSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.footerLayout.addItem(self.footerSpacer)

        self.exportButton = QPushButton(RegistersView)
        self.exportButton.setObjectName(u"exportButton")

        self.footerLayout.addWidget(self.exportButton)


        self.listLayout.addLayout(self.footerLayout)


        self.mainLayout.addLayout(self.listLayout)


        self.retranslateUi(RegistersView)

        QMetaObject.connectSlotsByName(RegistersView)
    # setupUi

    def retranslateUi(self, RegistersView):
        self.registerLabel.setText(QCoreApplication.translate("RegistersView", u"\u767b\u8bb0\u8868", None))
        self.searchEdit.setPlaceholderText(QCoreApplication.translate("RegistersView", u"\u4e70\u5bb6ID / \u8ba2\u5355\u53f7 / \u8fd0\u5355\u53f7 / \u552e\u540e\u5355\u53f7", None))
        self.dateCheck.setText(QCoreApplication.translate("RegistersView", u"\u767b\u8bb0\u65e5\u671f", None))
        self.fromDate.setDisplayFormat(QCoreApplication.translate("RegistersView", u"yyyy-MM-dd", None))
        self.toLabel.setText(QCoreApplication.translate("RegistersView", u"\u81f3", None))
        self.toDate.setDisplayFormat(QCoreApplication.translate("RegistersView", u"yyyy-MM-dd", None))
        self.exportButton.setText(QCoreApplication.translate("RegistersView", u"\u5bfc\u51fa\u6708\u5ea6\u62a5\u8868\u2026", None))
        pass
    # retranslateUi
