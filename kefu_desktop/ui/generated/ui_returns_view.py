# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'returns_view.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QComboBox, QFormLayout, QFrame, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea, QSizePolicy, QSpacerItem, QSplitter, QTabWidget, QTableView, QTableWidget, QVBoxLayout, QWidget

class Ui_ReturnsView(object):
    def setupUi(self, ReturnsView):
        if not ReturnsView.objectName():
            ReturnsView.setObjectName(u"ReturnsView")
        ReturnsView.resize(1280, 640)
        self.mainLayout = QVBoxLayout(ReturnsView)
        self.mainLayout.setObjectName(u"mainLayout")
        self.scanLayout = QHBoxLayout()
        self.scanLayout.setObjectName(u"scanLayout")
        self.scanLabel = QLabel(ReturnsView)
        self.scanLabel.setObjectName(u"scanLabel")

        self.scanLayout.addWidget(self.scanLabel)

        self.scanEdit = QLineEdit(ReturnsView)
        self.scanEdit.setObjectName(u"scanEdit")
        self.scanEdit.setMinimumSize(QSize(360, 0))
        self.scanEdit.setClearButtonEnabled(True)

        self.scanLayout.addWidget(self.scanEdit)

        self.scanSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.scanLayout.addItem(self.scanSpacer)

        self.showAllButton = QPushButton(ReturnsView)
        self.showAllButton.setObjectName(u"showAllButton")

        self.scanLayout.addWidget(self.showAllButton)

        self.unmatchedButton = QPushButton(ReturnsView)
        self.unmatchedButton.setObjectName(u"unmatchedButton")

        self.scanLayout.addWidget(self.unmatchedButton)

        self.refreshButton = QPushButton(ReturnsView)
        self.refreshButton.setObjectName(u"refreshButton")

        self.scanLayout.addWidget(self.refreshButton)


        self.mainLayout.addLayout(self.scanLayout)

        self.messageLabel = QLabel(ReturnsView)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setWordWrap(True)
        self.messageLabel.setTextInteractionFlags(Qt.TextSelectableByMouse)

        self.mainLayout.addWidget(self.messageLabel)

        self.splitter = QSplitter(ReturnsView)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.listTabs = QTabWidget(self.splitter)
        self.listTabs.setObjectName(u"listTabs")
        self.expectedPage = QWidget()
        self.expectedPage.setObjectName(u"expectedPage")
        self.expectedLayout = QVBoxLayout(self.expectedPage)
        self.expectedLayout.setObjectName(u"expectedLayout")
        self.listLabel = QLabel(self.expectedPage)
        self.listLabel.setObjectName(u"listLabel")
        self.listLabel.setWordWrap(True)

        self.expectedLayout.addWidget(self.listLabel)

        self.expectedTable = QTableView(self.expectedPage)
        self.expectedTable.setObjectName(u"expectedTable")
        self.expectedTable.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.expectedTable.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.expectedTable.setSelectionMode(QAbstractItemView.SingleSelection)
        self.expectedTable.setAlternatingRowColors(True)
        self.expectedTable.setWordWrap(False)

        self.expectedLayout.addWidget(self.expectedTable)

        self.listTabs.addTab(self.expectedPage, "")
        self.unmatchedPage = QWidget()
        self.unmatchedPage.setObjectName(u"unmatchedPage")
        self.unmatchedLayout = QVBoxLayout(self.unmatchedPage)
        self.unmatchedLayout.setObjectName(u"unmatchedLayout")
        self.unmatchedTable = QTableView(self.unmatchedPage)
        self.unmatchedTable.setObjectName(u"unmatchedTable")
        self.unmatchedTable.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.unmatchedTable.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.unmatchedTable.setSelectionMode(QAbstractItemView.SingleSelection)
        self.unmatchedTable.setAlternatingRowColors(True)
        self.unmatchedTable.setWordWrap(False)

        self.unmatchedLayout.addWidget(self.unmatchedTable)

        self.claimLayout = QHBoxLayout()
        self.claimLayout.setObjectName(u"claimLayout")
        self.claimHint = QLabel(self.unmatchedPage)
        self.claimHint.setObjectName(u"claimHint")
        self.claimHint.setWordWrap(True)

        self.claimLayout.addWidget(self.claimHint)

        self.claimButton = QPushButton(self.unmatchedPage)
        self.claimButton.setObjectName(u"claimButton")

        self.claimLayout.addWidget(self.claimButton)


        self.unmatchedLayout.addLayout(self.claimLayout)

        self.listTabs.addTab(self.unmatchedPage, "")
        self.splitter.addWidget(self.listTabs)
        self.formScroll = QScrollArea(self.splitter)
        self.formScroll.setObjectName(u"formScroll")
        self.formScroll.setWidgetResizable(True)
        self.formScroll.setFrameShape(QFrame.NoFrame)
        self.formBox = QWidget()
        self.formBox.setObjectName(u"formBox")
        self.formLayout = QVBoxLayout(self.formBox)
        self.formLayout.setObjectName(u"formLayout")
        self.expectedInfoLabel = QLabel(self.formBox)
        self.expectedInfoLabel.setObjectName(u"expectedInfoLabel")
        self.expectedInfoLabel.setWordWrap(True)
        self.expectedInfoLabel.setTextFormat(Qt.RichText)
        self.expectedInfoLabel.setTextInteractionFlags(Qt.TextSelectableByMouse)

        self.formLayout.addWidget(self.expectedInfoLabel)

        self.parcelGroup = QGroupBox(self.formBox)
        self.parcelGroup.setObjectName(u"parcelGroup")
        self.parcelLayout = QFormLayout(self.parcelGroup)
        self.parcelLayout.setObjectName(u"parcelLayout")
        self.waybillLabel = QLabel(self.parcelGroup)
        self.waybillLabel.setObjectName(u"waybillLabel")

        self.parcelLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.waybillLabel)

        self.waybillEdit = QLineEdit(self.parcelGroup)
        self.waybillEdit.setObjectName(u"waybillEdit")

        self.parcelLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.waybillEdit)

        self.courierLabel = QLabel(self.parcelGroup)
        self.courierLabel.setObjectName(u"courierLabel")

        self.parcelLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.courierLabel)

        self.courierLayout = QHBoxLayout()
        self.courierLayout.setObjectName(u"courierLayout")
        self.courierCombo = QComboBox(self.parcelGroup)
        self.courierCombo.setObjectName(u"courierCombo")

        self.courierLayout.addWidget(self.courierCombo)

        self.emptyCheck = QCheckBox(self.parcelGroup)
        self.emptyCheck.setObjectName(u"emptyCheck")

        self.courierLayout.addWidget(self.emptyCheck)


        self.parcelLayout.setLayout(1, QFormLayout.ItemRole.FieldRole, self.courierLayout)


        self.formLayout.addWidget(self.parcelGroup)

        self.linesGroup = QGroupBox(self.formBox)
        self.linesGroup.setObjectName(u"linesGroup")
        self.linesLayout = QVBoxLayout(self.linesGroup)
        self.linesLayout.setObjectName(u"linesLayout")
        self.linesTable = QTableWidget(self.linesGroup)
        self.linesTable.setObjectName(u"linesTable")
        self.linesTable.setMinimumSize(QSize(0, 120))
        self.linesTable.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.linesTable.setSelectionMode(QAbstractItemView.SingleSelection)

        self.linesLayout.addWidget(self.linesTable)

        self.lineButtons = QHBoxLayout()
        self.lineButtons.setObjectName(u"lineButtons")
        self.addLineButton = QPushButton(self.linesGroup)
        self.addLineButton.setObjectName(u"addLineButton")

        self.lineButtons.addWidget(self.addLineButton)

        self.removeLineButton = QPushButton(self.linesGroup)
        self.removeLineButton.setObjectName(u"removeLineButton")

        self.lineButtons.addWidget(self.removeLineButton)

        self.lineSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.lineButtons.addItem(self.lineSpacer)

        self.gradingLabel = QLabel(self.linesGroup)
        self.gradingLabel.setObjectName(u"gradingLabel")
        self.gradingLabel.setWordWrap(True)

        self.lineButtons.addWidget(self.gradingLabel)


        self.linesLayout.addLayout(self.lineButtons)


        self.formLayout.addWidget(self.linesGroup)

        self.remarkLayout = QFormLayout()
        self.remarkLayout.setObjectName(u"remarkLayout")
        self.remarkLabel = QLabel(self.formBox)
        self.remarkLabel.setObjectName(u"remarkLabel")

        self.remarkLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.remarkLabel)

        self.remarkEdit = QLineEdit(self.formBox)
        self.remarkEdit.setObjectName(u"remarkEdit")

        self.remarkLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.remarkEdit)

        self.photoTitle = QLabel(self.formBox)
        self.photoTitle.setObjectName(u"photoTitle")

        self.remarkLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.photoTitle)

        self.photoLayout = QHBoxLayout()
        self.photoLayout.setObjectName(u"photoLayout")
        self.photoLabel = QLabel(self.formBox)
        self.photoLabel.setObjectName(u"photoLabel")

        self.photoLayout.addWidget(self.photoLabel)

        self.addPhotoButton = QPushButton(self.formBox)
        self.addPhotoButton.setObjectName(u"addPhotoButton")

        self.photoLayout.addWidget(self.addPhotoButton)


        self.remarkLayout.setLayout(1, QFormLayout.ItemRole.FieldRole, self.photoLayout)


        self.formLayout.addLayout(self.remarkLayout)

        self.formSpacer = QSpacerItem(10, 10, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.formLayout.addItem(self.formSpacer)

        self.saveLayout = QHBoxLayout()
        self.saveLayout.setObjectName(u"saveLayout")
        self.closeButton = QPushButton(self.formBox)
        self.closeButton.setObjectName(u"closeButton")

        self.saveLayout.addWidget(self.closeButton)

        self.saveSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.saveLayout.addItem(self.saveSpacer)

        self.saveButton = QPushButton(self.formBox)
        self.saveButton.setObjectName(u"saveButton")

        self.saveLayout.addWidget(self.saveButton)


        self.formLayout.addLayout(self.saveLayout)

        self.formScroll.setWidget(self.formBox)
        self.splitter.addWidget(self.formScroll)

        self.mainLayout.addWidget(self.splitter)

        self.mainLayout.setStretch(2, 1)
#if QT_CONFIG(shortcut)
        self.scanLabel.setBuddy(self.scanEdit)
        self.waybillLabel.setBuddy(self.waybillEdit)
        self.courierLabel.setBuddy(self.courierCombo)
        self.remarkLabel.setBuddy(self.remarkEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(ReturnsView)

        self.saveButton.setDefault(True)


        QMetaObject.connectSlotsByName(ReturnsView)
    # setupUi

    def retranslateUi(self, ReturnsView):
        ReturnsView.setWindowTitle(QCoreApplication.translate("ReturnsView", u"\u9000\u8d27\u5165\u5e93", None))
        self.scanLabel.setText(QCoreApplication.translate("ReturnsView", u"\u626b\u63cf\u5305\u88f9", None))
        self.scanEdit.setPlaceholderText(QCoreApplication.translate("ReturnsView", u"\u626b\u63cf\u9000\u8d27\u5305\u88f9\u9762\u5355\uff0c\u6216\u8f93\u5165\u539f\u8ba2\u5355\u8fd0\u5355\u53f7\u3001\u8ba2\u5355\u53f7\u3001\u4e70\u5bb6ID\u540e\u6309\u56de\u8f66", None))
        self.showAllButton.setText(QCoreApplication.translate("ReturnsView", u"\u663e\u793a\u5168\u90e8\u5f85\u9000\u56de", None))
        self.unmatchedButton.setText(QCoreApplication.translate("ReturnsView", u"\u767b\u8bb0\u65e0\u4e3b\u4ef6\u2026", None))
        self.refreshButton.setText(QCoreApplication.translate("ReturnsView", u"\u5237\u65b0", None))
        self.listTabs.setTabText(self.listTabs.indexOf(self.expectedPage), QCoreApplication.translate("ReturnsView", u"\u5f85\u9000\u56de", None))
        self.claimHint.setText(QCoreApplication.translate("ReturnsView", u"\u9009\u4e2d\u4e00\u4ef6\u65e0\u4e3b\u4ef6\uff0c\u70b9\u300c\u8ba4\u9886\u300d\uff0c\u518d\u626b\u63cf\u6216\u8f93\u5165\u5b83\u7684\u8ba2\u5355\u53f7\u3001\u4e70\u5bb6ID\u3002", None))
        self.claimButton.setText(QCoreApplication.translate("ReturnsView", u"\u8ba4\u9886\u2026", None))
        self.listTabs.setTabText(self.listTabs.indexOf(self.unmatchedPage), QCoreApplication.translate("ReturnsView", u"\u65e0\u4e3b\u4ef6", None))
        self.parcelGroup.setTitle(QCoreApplication.translate("ReturnsView", u"\u5305\u88f9", None))
        self.waybillLabel.setText(QCoreApplication.translate("ReturnsView", u"\u5305\u88f9\u8fd0\u5355\u53f7", None))
        self.waybillEdit.setPlaceholderText(QCoreApplication.translate("ReturnsView", u"\u9000\u8d27\u5305\u88f9\u9762\u5355\u4e0a\u7684\u8fd0\u5355\u53f7", None))
        self.courierLabel.setText(QCoreApplication.translate("ReturnsView", u"\u5feb\u9012\u516c\u53f8", None))
        self.emptyCheck.setText(QCoreApplication.translate("ReturnsView", u"\u7a7a\u5305\u88f9\uff08\u5305\u88f9\u91cc\u6ca1\u6709\u5546\u54c1\uff09", None))
        self.linesGroup.setTitle(QCoreApplication.translate("ReturnsView", u"\u6536\u5230\u7684\u5546\u54c1\uff08\u6bcf\u79cd\u72b6\u51b5\u4e00\u884c\uff09", None))
        self.addLineButton.setText(QCoreApplication.translate("ReturnsView", u"\u52a0\u4e00\u884c", None))
        self.removeLineButton.setText(QCoreApplication.translate("ReturnsView", u"\u5220\u9664\u9009\u4e2d\u884c", None))
        self.remarkLabel.setText(QCoreApplication.translate("ReturnsView", u"\u5907\u6ce8", None))
        self.remarkEdit.setPlaceholderText(QCoreApplication.translate("ReturnsView", u"\u5982\uff1a\u540a\u724c\u5df2\u62c6\u3001\u5305\u88c5\u7834\u635f", None))
        self.photoTitle.setText(QCoreApplication.translate("ReturnsView", u"\u5230\u8d27\u7167\u7247", None))
        self.photoLabel.setText(QCoreApplication.translate("ReturnsView", u"\u5c1a\u672a\u9009\u62e9", None))
        self.addPhotoButton.setText(QCoreApplication.translate("ReturnsView", u"\u9009\u62e9\u7167\u7247\u2026", None))
        self.closeButton.setText(QCoreApplication.translate("ReturnsView", u"\u653e\u4e0b\u6b64\u4ef6", None))
        self.saveButton.setText(QCoreApplication.translate("ReturnsView", u"\u786e\u8ba4\u5165\u5e93", None))
    # retranslateUi
